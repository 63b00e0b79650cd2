import { useEffect, useState } from 'react';
import { type Route, toRoute } from './route';

/** The route of the page's current hash, following every change (links, back, forward). */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => toRoute(window.location.hash));
  useEffect(() => {
    const follow = () => setRoute(toRoute(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return route;
}
