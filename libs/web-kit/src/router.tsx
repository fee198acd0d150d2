import { AnchorHTMLAttributes, MouseEvent, useSyncExternalStore } from 'react';

/**
 * A tiny history router: each app has a dozen flat routes, so a router library would cost more
 * bytes on a cheap phone than it saves. `base` is the app's mount point ('' for the citizen app
 * at /, '/agent' for the agent app); routes are the path below it.
 */
export function createRouter(base: string) {
  const subscribe = (onChange: () => void) => {
    window.addEventListener('popstate', onChange);
    return () => window.removeEventListener('popstate', onChange);
  };
  /** True after the first in-app navigation: only then does a new page take the focus. */
  let navigated = false;

  /** `replace`: instead of a new history entry (`true` is short for `{ replace: true }`). */
  function navigate(to: string, options: { replace?: boolean } | boolean = {}): void {
    navigated = true;
    const url = `${base}${to}`;
    if (options === true || (typeof options === 'object' && options.replace)) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    window.dispatchEvent(new PopStateEvent('popstate'));
    window.scrollTo(0, 0);
  }

  /** The current route: the path below `base` and the query string. */
  function useLocation(): { path: string; search: URLSearchParams } {
    const href = useSyncExternalStore(subscribe, () => location.pathname + location.search);
    const [pathname, query = ''] = href.split('?');
    const path = !base ? pathname : pathname === base || pathname.startsWith(`${base}/`) ? pathname.slice(base.length) || '/' : '/';
    return { path, search: new URLSearchParams(query) };
  }

  /**
   * A link inside the app: a plain <a> that navigates without reloading (a click with a modifier
   * key, or another target, is left to the browser).
   */
  function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
    return (
      <a
        {...rest}
        href={`${base}${to}`}
        onClick={(e: MouseEvent<HTMLAnchorElement>) => {
          onClick?.(e);
          if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || rest.target) return;
          e.preventDefault();
          navigate(to);
        }}
      />
    );
  }

  return { navigate, useLocation, Link, hasNavigated: () => navigated };
}

/** `/procedures/:code/request` against a path: the params, or null. */
export function matchRoute(pattern: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const re = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, n: string) => (names.push(n), '([^/]+)'))}/?$`);
  const m = re.exec(path);
  return m ? Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) : null;
}
