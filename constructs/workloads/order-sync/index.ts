export * from './order-sync';
export { ORDER_SYNC_USAGE_PLANS } from './functions/orders-api';
export {
  CHECKPOINT_ATTRIBUTE,
  CHECKPOINT_RECORD_ID,
  ORDER_FIELDS,
  ORDER_SYNC_ENVIRONMENT,
} from './functions/layout';
