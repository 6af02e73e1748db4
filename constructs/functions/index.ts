export * from './baseline-function';
