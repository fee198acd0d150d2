import { createRouter } from '@annex/web-kit';

/** The app lives under /agent/ (vite base); routes are the path after it. */
export const BASE = '/agent';
const router = createRouter(BASE);
export const { navigate, Link } = router;
/** The current route: path below /agent and the query string. */
export const useRoute = router.useLocation;
