export * from './data-class-key';
export * from './data-class-keys';
