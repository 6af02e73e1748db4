import { accessSection } from './access';
import { auditSection } from './audit';
import { credentialsSection } from './credentials';
import { dataSection } from './data';
import { networkSection } from './network';
import { workloadsSection } from './workloads';

/**
 * The sections of an environment's config, one per capability, in the order the docs
 * show them. Each capability owns its section in `lib/config/sections/<capability>.ts`:
 * a function of the environment (`SectionContext`) that returns the section's schema,
 * built with `lib/config/fields.ts`. Adding one is that file and one line here; its
 * types, validation, JSON Schema and docs follow from the schema.
 */
export const SECTIONS = {
  audit: auditSection,
  network: networkSection,
  data: dataSection,
  credentials: credentialsSection,
  access: accessSection,
  workloads: workloadsSection,
} as const;
