/**
 * Domains under which many unrelated customers get hosts: cloud storage, CDNs, API
 * gateways, app hosting, tunnels, paste and file-sharing sites. An egress allow-list
 * entry for such a domain admits every customer's hosts, so data could leave for a
 * bucket or app of anyone's choosing (DPP 1.1 Network Protection, DUP 4.7). Most are on
 * the Public Suffix List too; this list says why each one is dangerous and also covers
 * those the list does not (`amazonaws.com`, paste sites).
 */

import { Justified } from './justified';

/**
 * How a customer is told apart under the domain.
 * - `host`: each customer has its own host name (`my-bucket.s3.amazonaws.com`,
 *   `my-app.herokuapp.com`), so naming one full host admits one customer.
 * - `request`: the customer is chosen by the request's path or credentials
 *   (`pastebin.com`, `raw.githubusercontent.com/<user>/...`), so no host name under
 *   the domain admits only one customer.
 */
export type TenantNamedBy = 'host' | 'request';

export type SharedHostingDomain = Justified<'domain'> &
  (
    | {
        readonly tenantNamedBy: 'host';
        /** A full host of one customer under the domain, for error messages and tests. */
        readonly example: string;
      }
    | { readonly tenantNamedBy: 'request' }
  );

const byHost = (domain: string, reason: string, example: string): SharedHostingDomain => ({
  domain,
  reason,
  tenantNamedBy: 'host',
  example,
});
const byRequest = (domain: string, reason: string): SharedHostingDomain => ({
  domain,
  reason,
  tenantNamedBy: 'request',
});
const TUNNEL = 'a host that forwards to any machine its owner chooses';
const PASTE = 'paste site: anyone can post data and read it back';
const BY_CREDENTIALS = 'file sharing: the account is chosen by the credentials sent';

export const SHARED_HOSTING_DOMAINS: readonly SharedHostingDomain[] = [
  // ---- Amazon Web Services
  byHost(
    'amazonaws.com',
    "AWS service endpoints: any account's buckets, queues, APIs and functions; the VPC endpoints reach this account's",
    'my-bucket.s3.eu-west-1.amazonaws.com',
  ),
  byHost(
    's3.amazonaws.com',
    "Amazon S3: any account's bucket, named in the path",
    'my-bucket.s3.amazonaws.com',
  ),
  byHost(
    'cloudfront.net',
    "Amazon CloudFront: any customer's distribution",
    'd111111abcdef8.cloudfront.net',
  ),
  byHost(
    'on.aws',
    "AWS Lambda function URLs: any account's function",
    'abcdefghij.lambda-url.eu-west-1.on.aws',
  ),
  byHost(
    'elasticbeanstalk.com',
    "AWS Elastic Beanstalk: any account's application",
    'my-app.eu-west-1.elasticbeanstalk.com',
  ),
  byHost(
    'amplifyapp.com',
    "AWS Amplify Hosting: any account's app",
    'main.d1abcdefgh.amplifyapp.com',
  ),
  byHost(
    'awsapprunner.com',
    "AWS App Runner: any account's service",
    'abcdefgh.eu-west-1.awsapprunner.com',
  ),
  // ---- Microsoft Azure
  byHost(
    'core.windows.net',
    "Azure Storage (blob, file, queue, table): any customer's account",
    'myaccount.file.core.windows.net',
  ),
  byHost(
    'blob.core.windows.net',
    "Azure Blob Storage: any customer's storage account",
    'myaccount.blob.core.windows.net',
  ),
  byHost('azurewebsites.net', "Azure App Service: any customer's app", 'my-app.azurewebsites.net'),
  byHost('azureedge.net', "Azure CDN: any customer's endpoint", 'my-endpoint.azureedge.net'),
  byHost('azurefd.net', "Azure Front Door: any customer's endpoint", 'my-endpoint.azurefd.net'),
  byHost(
    'cloudapp.azure.com',
    "Azure virtual machines and load balancers: any customer's",
    'my-vm.westeurope.cloudapp.azure.com',
  ),
  // ---- Google Cloud and Firebase
  byHost(
    'googleapis.com',
    "Google APIs and Cloud Storage: any customer's project or bucket",
    'my-bucket.storage.googleapis.com',
  ),
  byHost(
    'storage.googleapis.com',
    "Google Cloud Storage: any customer's bucket, named in the path",
    'my-bucket.storage.googleapis.com',
  ),
  byHost('appspot.com', "Google App Engine: any customer's app", 'my-app.appspot.com'),
  byHost(
    'cloudfunctions.net',
    "Google Cloud Functions: any customer's function",
    'europe-west1-my-project.cloudfunctions.net',
  ),
  byHost('run.app', "Google Cloud Run: any customer's service", 'my-service-abc123-ew.a.run.app'),
  byHost('web.app', "Firebase Hosting: any customer's site", 'my-site.web.app'),
  byHost('firebaseapp.com', "Firebase Hosting: any customer's site", 'my-site.firebaseapp.com'),
  byHost(
    'firebaseio.com',
    "Firebase Realtime Database: any customer's database",
    'my-db.firebaseio.com',
  ),
  // ---- Other clouds, CDNs, app hosting and tunnels
  byHost('herokuapp.com', "Heroku: any customer's app", 'my-app.herokuapp.com'),
  byHost('github.io', "GitHub Pages: any user's site", 'my-org.github.io'),
  byRequest('githubusercontent.com', "GitHub user content: any user's files, named in the path"),
  byHost('gitlab.io', "GitLab Pages: any user's site", 'my-group.gitlab.io'),
  byHost(
    'workers.dev',
    "Cloudflare Workers: any customer's worker",
    'my-worker.my-account.workers.dev',
  ),
  byHost('pages.dev', "Cloudflare Pages: any customer's site", 'my-site.pages.dev'),
  byHost('r2.dev', "Cloudflare R2: any customer's bucket", 'pub-0123456789abcdef.r2.dev'),
  byHost(
    'trycloudflare.com',
    `Cloudflare quick tunnels: ${TUNNEL}, opened without an account`,
    'random-words.trycloudflare.com',
  ),
  byHost('vercel.app', "Vercel: any customer's deployment", 'my-app.vercel.app'),
  byHost('netlify.app', "Netlify: any customer's site", 'my-site.netlify.app'),
  byHost('fastly.net', "Fastly: any customer's service", 'my-service.global.ssl.fastly.net'),
  byHost('akamaized.net', "Akamai: any customer's property", 'my-property.akamaized.net'),
  byHost('b-cdn.net', "Bunny CDN: any customer's zone", 'my-zone.b-cdn.net'),
  byHost(
    'digitaloceanspaces.com',
    "DigitalOcean Spaces: any customer's bucket",
    'my-bucket.fra1.digitaloceanspaces.com',
  ),
  byHost('onrender.com', "Render: any customer's service", 'my-service.onrender.com'),
  byHost('fly.dev', "Fly.io: any customer's app", 'my-app.fly.dev'),
  byHost('ngrok.io', `ngrok tunnels: ${TUNNEL}`, 'abc123.ngrok.io'),
  byHost('ngrok.app', `ngrok tunnels: ${TUNNEL}`, 'abc123.ngrok.app'),
  byHost('ngrok-free.app', `ngrok tunnels: ${TUNNEL}`, 'abc123.ngrok-free.app'),
  // ---- Paste, file-sharing and request-capture sites: made for handing data to others
  byRequest('pastebin.com', PASTE),
  byRequest('paste.ee', PASTE),
  byRequest('hastebin.com', PASTE),
  byRequest('dropbox.com', BY_CREDENTIALS),
  byRequest('dropboxapi.com', BY_CREDENTIALS),
  byRequest('dropboxusercontent.com', "file sharing: serves any user's files"),
  byRequest('wetransfer.com', 'file sharing: anyone can upload and send files'),
  byRequest('transfer.sh', 'file sharing: anyone can upload files without an account'),
  byRequest('file.io', 'file sharing: anyone can upload files without an account'),
  byRequest('mega.nz', BY_CREDENTIALS),
  byRequest('webhook.site', 'request capture: anyone can read what is sent to their URL'),
];
