export * from './baseline-function';
export * from './handler-entry';
