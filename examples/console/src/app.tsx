import { DispositionFormPage } from './pages/disposition-form-page';
import { DispositionsPage } from './pages/dispositions-page';
import { PersonaFormPage } from './pages/persona-form-page';
import { PersonaPage } from './pages/persona-page';
import { PersonasPage } from './pages/personas-page';
import { type Route, toHref } from './routing/route';
import { useRoute } from './routing/use-route';

/** The console's frame: a header with the sections, and the page the hash names. */
export function App({ gatewayUrl }: { gatewayUrl: string }) {
  const route = useRoute();
  return (
    <>
      <header>
        <strong>Voice AI console</strong>
        <nav aria-label="Sections">
          <a href={toHref({ page: 'personas', first: 20, after: null })}>Personas</a>
          <a href={toHref({ page: 'dispositions', agentId: null })}>Dispositions</a>
        </nav>
        <small title="VITE_GATEWAY_URL">{gatewayUrl}</small>
      </header>
      <main>
        <Page route={route} />
      </main>
    </>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'personas':
      return <PersonasPage key={`${route.first}:${route.after}`} first={route.first} after={route.after} />;
    case 'persona':
      return <PersonaPage key={route.id} id={route.id} />;
    case 'persona-form':
      return <PersonaFormPage key={route.id ?? ''} id={route.id} />;
    case 'disposition-form':
      return <DispositionFormPage key={route.id ?? ''} id={route.id} />;
    case 'dispositions':
      return <DispositionsPage key={route.agentId ?? ''} agentId={route.agentId} />;
    case 'not-found':
      return (
        <section>
          <h1>Not found</h1>
          <p>
            Nothing at <code>{route.path}</code>.
          </p>
        </section>
      );
    default: {
      const unhandled: never = route;
      throw new Error(`no page for ${JSON.stringify(unhandled)}`);
    }
  }
}
