import type { GatewayInfo, VendorInfo } from '../server/context.js';
import { builder } from './builder.js';
import { VendorEnum } from './errors.js';

const GatewayModeEnum = builder.enumType('GatewayMode', { values: ['LIVE', 'SANDBOX'] as const });

const CircuitStateEnum = builder.enumType('CircuitState', {
  description: "The state of the gateway's circuit breaker for one vendor.",
  values: {
    CLOSED: { description: 'Calls go through.' },
    OPEN: { description: 'The vendor failed repeatedly: calls fail fast with UpstreamError CIRCUIT_OPEN.' },
    HALF_OPEN: { description: 'After the cool-down, one probe call decides whether the circuit closes.' },
  } as const,
});

const VendorInfoType = builder.objectRef<VendorInfo>('VendorInfo').implement({
  fields: (t) => ({
    vendor: t.expose('vendor', { type: VendorEnum }),
    baseUrl: t.exposeString('baseUrl'),
    hasServerKey: t.exposeBoolean('hasServerKey', {
      description: 'True when the gateway holds a server-side API key for this vendor.',
    }),
    circuit: t.expose('circuit', { type: CircuitStateEnum }),
  }),
});

const GatewayInfoType = builder.objectRef<GatewayInfo>('GatewayInfo').implement({
  fields: (t) => ({
    mode: t.expose('mode', { type: GatewayModeEnum }),
    version: t.exposeString('version'),
    vendors: t.field({ type: [VendorInfoType], resolve: (info) => info.vendors }),
  }),
});

builder.queryField('gateway', (t) =>
  t.field({
    description: 'What this gateway is connected to and how it runs.',
    type: GatewayInfoType,
    resolve: (_root, _args, context) => context.gateway,
  }),
);
