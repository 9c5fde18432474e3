export * from './common.ts';
export * from './enums.ts';
export * from './validation.ts';
export * from './auth.ts';
export * from './regions.ts';
export * from './organisations.ts';
export * from './staff.ts';
export * from './audit.ts';
