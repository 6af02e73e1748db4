/**
 * The validated configuration of the baseline, as TypeScript types inferred from the
 * schema (`schema.ts`), so that a field is declared once. `loadConfig` returns them,
 * with the secure defaults filled in; they are read-only all the way down.
 */
import { z } from 'zod';
import { configSchema } from './schema';
import { SECTIONS } from './sections';

export { ENVIRONMENT_NAMES } from './environments';
export type { EnvironmentName } from './environments';
export type { Justified } from '../policy/justified';

/** Read-only all the way down: constructs read the config, never change it. */
export type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

type Parsed = z.output<typeof configSchema>;

export type BaselineConfig = DeepReadonly<Omit<Parsed, '$schema'>>;
export type EnvironmentConfig = BaselineConfig['environments']['test'];

/** The validated config of one section: `SectionConfig<'network'>`. */
export type SectionConfig<K extends keyof typeof SECTIONS> = DeepReadonly<
  z.output<ReturnType<(typeof SECTIONS)[K]>>
>;
export type AuditConfig = SectionConfig<'audit'>;
export type NetworkConfig = SectionConfig<'network'>;
export type DataConfig = SectionConfig<'data'>;
export type TaxArchiveConfig = DataConfig['taxArchive'];
