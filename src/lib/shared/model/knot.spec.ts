import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOT, knotOf, leafName } from './knot.ts';
import { DEFAULT_PHASES } from './workshop.ts';
import { validatePlan } from './workshop-template.ts';

const withKnot = (knot: unknown) => ({
	startTime: '09:00',
	phases: DEFAULT_PHASES.map((phase) =>
		phase.kind === 'solution_development'
			? { ...phase, settings: { ...phase.settings, knot } }
			: phase
	)
});

describe('the knot settings of a plan', () => {
	it('are optional: a plan from before them is valid and its phase gets the defaults', () => {
		const plan = validatePlan({ startTime: '09:00', phases: DEFAULT_PHASES });
		expect(plan.ok).toBe(true);
		const phase = DEFAULT_PHASES.find((p) => p.kind === 'solution_development');
		expect(knotOf(phase)).toEqual(DEFAULT_KNOT);
		expect(knotOf(DEFAULT_PHASES[0])).toBeNull();
	});

	it('accept four configured leaves with names in fi, sv and en', () => {
		const leaves = DEFAULT_KNOT.leaves.map((leaf, index) =>
			index === 0 ? { actorType: 'ngo', name: { fi: 'Kela', sv: 'FPA', en: 'Kela' } } : leaf
		);
		const plan = validatePlan(withKnot({ leaves, leafRights: true, fifthLeaf: true }));
		expect(plan.ok).toBe(true);
		if (!plan.ok) return;
		const knot = knotOf(plan.value.phases.find((p) => p.kind === 'solution_development'));
		expect(knot?.leaves[0]).toEqual(leaves[0]);
		expect(leafName(knot!.leaves[0], 'sv')).toBe('FPA');
		expect(leafName(knot!.leaves[1], 'sv')).toBeNull();
	});

	it('refuse three leaves, an unknown actor type and an overlong name, naming the field', () => {
		const index = DEFAULT_PHASES.findIndex((p) => p.kind === 'solution_development');
		const three = validatePlan(withKnot({ ...DEFAULT_KNOT, leaves: DEFAULT_KNOT.leaves.slice(1) }));
		expect(three.ok).toBe(false);
		if (!three.ok) expect(three.errors[0]).toContain(`phases[${index}].settings.knot.leaves`);
		const unknown = validatePlan(
			withKnot({
				...DEFAULT_KNOT,
				leaves: DEFAULT_KNOT.leaves.map((leaf) => ({ ...leaf, actorType: 'kela' }))
			})
		);
		expect(unknown.ok).toBe(false);
		if (!unknown.ok) expect(unknown.errors[0]).toContain('leaves[0].actorType');
		const long = validatePlan(
			withKnot({
				...DEFAULT_KNOT,
				leaves: DEFAULT_KNOT.leaves.map((leaf) => ({
					...leaf,
					name: { ...leaf.name, sv: 'x'.repeat(61) }
				}))
			})
		);
		expect(long.ok).toBe(false);
		if (!long.ok) expect(long.errors[0]).toContain('name.sv');
	});
});
