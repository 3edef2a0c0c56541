// Sends touchpoints through RudderStack's own Node SDK (@rudderstack/rudder-sdk-node), pointed at our server, with its
// default gzip-compressed bodies or with gzip turned off. Prints the Content-Encoding of every request it sent.
// Usage: node rudderstack-node-client.mjs <host> <writeKey> <userId> <anonymousId> <gzip|plain>
import Analytics from '@rudderstack/rudder-sdk-node';

const [host, writeKey, userId, anonymousId, encoding] = process.argv.slice(2);
if (!host || !writeKey || !userId || !anonymousId || !['gzip', 'plain'].includes(encoding)) {
  console.error('usage: rudderstack-node-client.mjs <host> <writeKey> <userId> <anonymousId> <gzip|plain>');
  process.exit(2);
}

let failed = false;
const client = new Analytics(writeKey, {
  dataPlaneUrl: host,
  path: '/api/v1/batch',
  flushAt: 20,
  flushInterval: 60000,
  retryCount: 0,
  gzip: encoding === 'gzip',
  errorHandler: (error) => {
    failed = true;
    console.error('rudderstack client error:', error?.response?.status ?? error?.code ?? error);
  },
});

// Observe, not change, what the SDK sends: its own axios instance's outgoing headers.
client.axiosInstance.interceptors.request.use((config) => {
  console.log('sent Content-Encoding:', config.headers['Content-Encoding'] ?? 'none');
  return config;
});

client.page({ anonymousId, name: 'Pricing', category: 'product', properties: { path: '/pricing' } });
client.track({ anonymousId, event: 'Product Viewed', properties: { sku: 'A-1' } });
client.identify({ userId, anonymousId, traits: { segment: 'smb' } });
client.track({ userId, anonymousId, event: 'Order Completed', properties: { revenue: 42.5 } });

await new Promise((resolve) => client.flush(() => resolve()));
process.exit(failed ? 1 : 0);
