// `node -r ./scripts/register-ts.cjs file.ts`: runs TypeScript as scripts/typescript.cjs says.
require('./typescript.cjs').register();
