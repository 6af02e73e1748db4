#!/usr/bin/env node
/**
 * Writes docs/compliance-report.schema.json, the JSON Schema of compliance-report.json,
 * from the report's model (lib/report/model.ts). Run after changing the model:
 * `npm run report:schema`. test/lib/report/compliance-files.test.ts fails when the
 * committed schema is stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { COMPLIANCE_REPORT_SCHEMA_FILE, complianceReportSchemaText } from '../lib/report/model';

const file = path.join(__dirname, '..', COMPLIANCE_REPORT_SCHEMA_FILE);
fs.writeFileSync(file, complianceReportSchemaText());
console.log(`wrote ${COMPLIANCE_REPORT_SCHEMA_FILE}`);
