import { ProcessingDeclaration } from '../../constructs/data';

/**
 * What the baseline's PII stores hold (DPP 2.2 Data Governance: the record of
 * processing). This is the declaration for an SP-API application that fulfils
 * merchant-fulfilled orders and issues tax invoices; a team that stores other fields
 * declares them here, and the record of processing in `cdk.out` follows.
 */

const RESTRICTED_DATA_TOKEN = 'obtained with a restricted data token';

export const PII_TABLE_DECLARATION: ProcessingDeclaration = {
  dataset: 'Order data needed to ship merchant-fulfilled orders and to invoice and remit tax',
  fields: [
    {
      name: 'shipToName',
      description: 'Name of the recipient on the shipping address',
      collectedFrom: `Orders API getOrderAddress, ${RESTRICTED_DATA_TOKEN}`,
      purposes: ['merchant-fulfilled shipping', 'tax invoicing'],
    },
    {
      name: 'shippingAddress',
      description: 'Address lines, city, region, postal code and country of delivery',
      collectedFrom: `Orders API getOrderAddress, ${RESTRICTED_DATA_TOKEN}`,
      purposes: ['merchant-fulfilled shipping', 'tax calculation and remittance', 'tax invoicing'],
    },
    {
      name: 'shipToPhone',
      description: 'Phone number of the recipient, for the carrier',
      collectedFrom: `Orders API getOrderAddress, ${RESTRICTED_DATA_TOKEN}`,
      purposes: ['merchant-fulfilled shipping'],
    },
    {
      name: 'buyerTaxRegistration',
      description: 'Tax registration of a business buyer',
      collectedFrom: `Orders API getOrderBuyerInfo, ${RESTRICTED_DATA_TOKEN}`,
      purposes: ['tax calculation and remittance', 'tax invoicing'],
    },
  ],
};

export const PII_BUCKET_DECLARATION: ProcessingDeclaration = {
  dataset: 'Documents that carry PII: shipping labels and tax invoices',
  fields: [
    {
      name: 'shippingLabel',
      description: 'Carrier label with the recipient name and address',
      collectedFrom: 'Merchant Fulfillment API createShipment',
      purposes: ['merchant-fulfilled shipping'],
    },
    {
      name: 'taxInvoice',
      description: 'Invoice with the buyer name, billing address and tax registration',
      collectedFrom: 'Generated from the order data in the PII table',
      purposes: ['tax invoicing'],
    },
  ],
};

export const TAX_ARCHIVE_DECLARATION: ProcessingDeclaration = {
  dataset: 'Archival copies of issued tax invoices that tax law requires to be kept',
  fields: [
    {
      name: 'taxInvoice',
      description: 'Issued invoice with the buyer name, billing address and tax registration',
      collectedFrom: 'Copied from the PII bucket when the invoice is issued',
      purposes: ['tax calculation and remittance', 'tax invoicing'],
    },
  ],
};
