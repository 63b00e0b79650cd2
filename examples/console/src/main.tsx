import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'urql';
import { App } from './app';
import { createGatewayClient } from './gateway/create-gateway-client';
import { readGatewayUrl } from './gateway/gateway-url';
import './styles.css';

const gatewayUrl = readGatewayUrl(import.meta.env.VITE_GATEWAY_URL);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

createRoot(root).render(
  <StrictMode>
    <Provider value={createGatewayClient(gatewayUrl)}>
      <App gatewayUrl={gatewayUrl} />
    </Provider>
  </StrictMode>,
);
