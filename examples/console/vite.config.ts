import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` serves on http://localhost:5173 and `npm run preview` on 4173: the origins the
// gateway's CORS_ORIGINS must list. VITE_GATEWAY_URL says where the gateway is.
export default defineConfig({
  plugins: [react()],
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
  build: { sourcemap: true },
});
