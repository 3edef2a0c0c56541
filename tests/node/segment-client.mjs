// Sends touchpoints through Segment's own Node SDK (@segment/analytics-node), pointed at our server.
// Usage: node segment-client.mjs <host> <writeKey> <userId> <anonymousId>
import { Analytics } from '@segment/analytics-node';

const [host, writeKey, userId, anonymousId] = process.argv.slice(2);
if (!host || !writeKey || !userId || !anonymousId) {
  console.error('usage: segment-client.mjs <host> <writeKey> <userId> <anonymousId>');
  process.exit(2);
}

const analytics = new Analytics({ writeKey, host, path: '/api/v1/batch', flushAt: 20, maxRetries: 2 });
let failed = false;
analytics.on('error', (err) => {
  failed = true;
  console.error('segment client error:', err?.reason?.message ?? err?.code ?? err);
});

analytics.page({ anonymousId, name: 'Pricing', category: 'product', properties: { path: '/pricing' } });
analytics.identify({ userId, anonymousId, traits: { segment: 'smb', email: 'someone@example.com' } });
analytics.track({ userId, event: 'Product Viewed', properties: { sku: 'A-1' } });
analytics.track({ userId, event: 'Order Completed', properties: { revenue: 42.5 } });

await analytics.closeAndFlush({ timeout: 30000 });
process.exit(failed ? 1 : 0);
