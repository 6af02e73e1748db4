/**
 * The ARN of a certificate imported into ACM, which Network Firewall TLS inspection takes
 * as its certificate authority (it takes none issued by AWS Private CA). One definition
 * for the config, which refuses another value, and the firewall construct, which checks it.
 */
export const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/;
