/** Every page of the console, as its hash URL names it (`#/personas/<id>`). */
export type Route =
  | { page: 'personas'; first: number; after: string | null }
  | { page: 'persona'; id: string }
  | { page: 'persona-form'; id: string | null }
  | { page: 'dispositions'; agentId: string | null }
  | { page: 'disposition-form'; id: string | null }
  | { page: 'not-found'; path: string };

/** Personas per page unless the URL says otherwise (`#/personas?first=2`). */
export const defaultPageSize = 20;

/** The route a location hash names; anything unknown is the not-found page. */
export function toRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?', 2);
  const params = new URLSearchParams(search);
  const segments = path
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeURIComponent);
  if (segments.length === 0) return toRoute('#/personas');
  const [section, id, ...rest] = segments;
  if (section === 'personas' && id === undefined) {
    const first = Number(params.get('first') ?? defaultPageSize);
    return {
      page: 'personas',
      first: Number.isInteger(first) && first >= 1 && first <= 100 ? first : defaultPageSize,
      after: params.get('after'),
    };
  }
  if (section === 'personas' && id === 'new' && rest.length === 0) return { page: 'persona-form', id: null };
  if (section === 'personas' && id !== undefined && rest.length === 0) return { page: 'persona', id };
  if (section === 'personas' && id !== undefined && rest.join('/') === 'edit')
    return { page: 'persona-form', id };
  if (section === 'dispositions' && id === undefined) {
    const agentId = params.get('agentId');
    return { page: 'dispositions', agentId: agentId === '' ? null : agentId };
  }
  if (section === 'dispositions' && id === 'new' && rest.length === 0)
    return { page: 'disposition-form', id: null };
  if (section === 'dispositions' && id !== undefined && rest.join('/') === 'edit') {
    return { page: 'disposition-form', id };
  }
  return { page: 'not-found', path };
}

/** The hash URL of a route: the inverse of {@link toRoute}. */
export function toHref(route: Route): string {
  switch (route.page) {
    case 'personas': {
      const params = new URLSearchParams();
      if (route.first !== defaultPageSize) params.set('first', String(route.first));
      if (route.after !== null) params.set('after', route.after);
      const search = params.toString();
      return `#/personas${search === '' ? '' : `?${search}`}`;
    }
    case 'persona':
      return `#/personas/${encodeURIComponent(route.id)}`;
    case 'persona-form':
      return route.id === null ? '#/personas/new' : `#/personas/${encodeURIComponent(route.id)}/edit`;
    case 'disposition-form':
      return route.id === null ? '#/dispositions/new' : `#/dispositions/${encodeURIComponent(route.id)}/edit`;
    case 'dispositions':
      return route.agentId === null
        ? '#/dispositions'
        : `#/dispositions?${new URLSearchParams({ agentId: route.agentId })}`;
    case 'not-found':
      return `#${route.path}`;
    default: {
      const unhandled: never = route;
      throw new Error(`no URL for ${JSON.stringify(unhandled)}`);
    }
  }
}
