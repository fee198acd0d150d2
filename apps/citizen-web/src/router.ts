import { createElement, type AnchorHTMLAttributes } from 'react';
import { createRouter, matchRoute } from '@annex/web-kit';

/**
 * The kit's history router at the site root. React Aria links navigate through `navigate`
 * (RouterProvider); the guide and the header use `AppLink`, so their first load needs no widget library.
 */
const router = createRouter('');
export const { navigate, useLocation, hasNavigated } = router;
export const match = matchRoute;

/** A link inside the app (`href` is the path, as on a plain <a>). */
export const AppLink = ({ href, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) =>
  createElement(router.Link, { to: href, ...rest });
