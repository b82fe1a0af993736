export * from './version.ts';
export * from './errors.ts';
export * from './sync.ts';
export * from './control.ts';
