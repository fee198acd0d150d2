import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { prefetchIdentity } from '@annex/web-kit';
import { App } from './App';
import { api } from './api/client';
import { LocaleProvider } from './i18n';
import '@annex/web-kit/fonts/tifinagh.css';
import './styles.css';

const queries = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});
// The CIN and phone rules the forms check with (the API's published patterns), asked for once at start.
prefetchIdentity(queries, api);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <LocaleProvider>
        <App />
      </LocaleProvider>
    </QueryClientProvider>
  </StrictMode>,
);
