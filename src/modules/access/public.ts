// What other modules (and tests) may use of the access module.
export { KNOWN_SCOPES } from './scopes';
export { grantableScopes } from './api-client.service';
export { activePartnerViewer } from './api-client.standing';
