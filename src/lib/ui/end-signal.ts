/** The timer's end signal: an opt-in sound per device, remembered in localStorage. Browser only. */
const SOUND_KEY = 'rajapinta.timerSound';
/** Three short tones; loud enough for a table, short enough not to startle a room. */
const TONES = 3;
const TONE_S = 0.18;
const GAP_S = 0.12;
const PITCH_HZ = 880;

export function soundWanted(): boolean {
	try {
		return localStorage.getItem(SOUND_KEY) === 'on';
	} catch {
		// Storage can be blocked (private mode, policies): then the device simply stays silent.
		return false;
	}
}

export function setSoundWanted(on: boolean): void {
	try {
		localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
	} catch {
		console.warn('[timer] the sound preference cannot be stored on this device');
	}
}

/** Plays the tones with Web Audio; a device that blocks audio stays silent, the visual stays. */
export function playEndSignal(): void {
	const AudioContextClass = window.AudioContext;
	if (!AudioContextClass) return;
	const audio = new AudioContextClass();
	for (let i = 0; i < TONES; i++) {
		const start = audio.currentTime + i * (TONE_S + GAP_S);
		const oscillator = audio.createOscillator();
		const gain = audio.createGain();
		oscillator.frequency.value = PITCH_HZ;
		gain.gain.setValueAtTime(0.25, start);
		gain.gain.exponentialRampToValueAtTime(0.001, start + TONE_S);
		oscillator.connect(gain).connect(audio.destination);
		oscillator.start(start);
		oscillator.stop(start + TONE_S);
	}
	setTimeout(() => void audio.close(), (TONES * (TONE_S + GAP_S) + 0.5) * 1000);
}
