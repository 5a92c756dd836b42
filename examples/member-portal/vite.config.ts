import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** In development the app's /graphql is the gateway's (GRAPHQL_URL, `npm start`'s by default), so the page and the API share an origin. */
export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/graphql': process.env.GRAPHQL_URL ?? 'http://localhost:4000' } },
});
