/**
 * The example page: search places (name, country, current temperature), log in or sign up, the
 * saved places with move and remove buttons, a units selector and one place's forecast. Every
 * operation comes typed from src/gql; the lists render from queries watched in the normalized
 * cache, so a mutation's answer re-renders them without code of its own.
 */
import type { ObservableQuery } from '@apollo/client';
import { forgetEverything } from './cache-policies.js';
import { createClient } from './client.js';
import type { PreferencesInput, SearchPlacesQuery, SearchPlacesQueryVariables, ViewerQuery } from './gql/graphql.js';
import { LogIn, LogOut, SignUp, UpdatePreferences, Viewer } from './operations/account.js';
import { AddFavorite, MoveFavorite, RemoveFavorite } from './operations/favorites.js';
import { PlaceForecast, SearchPlaces } from './operations/places.js';
import { createSession } from './session.js';
import { readSettings } from './settings.js';

type Units = Required<{ [K in keyof PreferencesInput]: NonNullable<PreferencesInput[K]> }>;
type Me = NonNullable<ViewerQuery['me']>;

const session = createSession(localStorage);
const client = createClient({ ...readSettings(new URL(location.href)), session });

const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const unitSelects = {
  temperatureUnit: byId<HTMLSelectElement>('temperature-unit'),
  windSpeedUnit: byId<HTMLSelectElement>('wind-speed-unit'),
  precipitationUnit: byId<HTMLSelectElement>('precipitation-unit'),
};

let me: Me | null = null;
let units: Units = { temperatureUnit: 'CELSIUS', windSpeedUnit: 'KMH', precipitationUnit: 'MM' };
let search: ObservableQuery<SearchPlacesQuery, SearchPlacesQueryVariables> | undefined;
let places: SearchPlacesQuery['locations'] | undefined;

/** An element with text and children; text always goes in as text, never as HTML (labels are user input). */
function el(tag: string, text: string, ...children: HTMLElement[]): HTMLElement {
  const element = document.createElement(tag);
  element.textContent = text;
  element.append(...children);
  return element;
}

function button(text: string, onClick: () => Promise<unknown>, disabled = false): HTMLButtonElement {
  const element = el('button', text) as HTMLButtonElement;
  element.disabled = disabled;
  element.addEventListener('click', () => void attempt(onClick));
  return element;
}

/** Runs an action, showing its error (the server's message, e.g. `RATE_LIMITED`'s) instead of failing silently. */
async function attempt(action: () => Promise<unknown>): Promise<void> {
  byId('error').textContent = '';
  try {
    await action();
  } catch (error) {
    byId('error').textContent = error instanceof Error ? error.message : String(error);
  }
}

function temperature(value: number | undefined): string {
  if (value === undefined) return 'no forecast';
  return `${value.toFixed(1)} ${units.temperatureUnit === 'CELSIUS' ? '°C' : '°F'}`;
}

// The account: who is logged in, their units and their saved places, re-rendered by every
// mutation whose answer the cache merges into `me`.
client.watchQuery({ query: Viewer }).subscribe((result) => {
  if (result.error) byId('error').textContent = result.error.message;
  if (result.dataState !== 'complete') return;
  me = result.data.me ?? null;
  byId('log-in').hidden = me !== null;
  byId('logged-in').hidden = me === null;
  byId('who').textContent = me ? `Logged in as ${me.displayName ?? me.email}` : '';
  if (me) setUnits(me.preferences);
  renderSaved(me?.favorites ?? []);
  renderResults();
});

function renderSaved(favorites: Me['favorites']): void {
  const last = favorites.length - 1;
  byId('saved').replaceChildren(
    ...favorites.map((favorite) =>
      el(
        'li',
        '',
        el('span', favorite.label ? `${favorite.label} (${favorite.location.name})` : favorite.location.name),
        button(
          '↑',
          () => client.mutate({ mutation: MoveFavorite, variables: { id: favorite.id, position: favorite.position - 1 } }),
          favorite.position === 0,
        ),
        button(
          '↓',
          () => client.mutate({ mutation: MoveFavorite, variables: { id: favorite.id, position: favorite.position + 1 } }),
          favorite.position === last,
        ),
        button('Remove', () =>
          client.mutate({
            mutation: RemoveFavorite,
            variables: { id: favorite.id },
            // The account's new list already leaves it out; this only frees what the cache held for it.
            update(cache, { data }) {
              if (!data) return;
              cache.evict({ id: cache.identify({ __typename: 'Favorite', id: data.removeFavorite.removedFavoriteId }) });
              cache.gc();
            },
          }),
        ),
      ),
    ),
  );
}

// Units: a logged-in person's are their preferences (kept by the server); anyone else's live in the page.
function setUnits(next: Units): void {
  units = { temperatureUnit: next.temperatureUnit, windSpeedUnit: next.windSpeedUnit, precipitationUnit: next.precipitationUnit };
  for (const key of Object.keys(unitSelects) as (keyof Units)[]) unitSelects[key].value = units[key];
  if (search && search.variables.temperatureUnit !== units.temperatureUnit) {
    void search.reobserve({ variables: { ...search.variables, temperatureUnit: units.temperatureUnit } });
  }
}

for (const select of Object.values(unitSelects)) {
  select.addEventListener('change', () => {
    const chosen = {
      temperatureUnit: unitSelects.temperatureUnit.value,
      windSpeedUnit: unitSelects.windSpeedUnit.value,
      precipitationUnit: unitSelects.precipitationUnit.value,
    } as Units;
    if (me) void attempt(() => client.mutate({ mutation: UpdatePreferences, variables: { input: chosen } }));
    else setUnits(chosen);
  });
}

// Logging in, signing up and out: a new token means another person's data, so nothing the cache
// holds may be shown again (cache-policies.ts says why it is resetStore, not clearStore).
async function startSession(token: string | null): Promise<void> {
  session.set(token);
  await forgetEverything(client);
}

async function authenticate(kind: 'logIn' | 'signUp'): Promise<void> {
  const input = { email: byId<HTMLInputElement>('email').value, password: byId<HTMLInputElement>('password').value };
  const { data } =
    kind === 'logIn'
      ? await client.mutate({ mutation: LogIn, variables: { input } })
      : await client.mutate({ mutation: SignUp, variables: { input } });
  const payload = data && ('logIn' in data ? data.logIn : data.signUp);
  if (payload) await startSession(payload.token);
  byId<HTMLInputElement>('password').value = '';
}

byId('log-in').addEventListener('submit', (event) => {
  event.preventDefault();
  void attempt(() => authenticate('logIn'));
});
byId('sign-up-button').addEventListener('click', () => void attempt(() => authenticate('signUp')));
byId('log-out-button').addEventListener(
  'click',
  () =>
    void attempt(async () => {
      await client.mutate({ mutation: LogOut });
      await startSession(null);
    }),
);

// Search: one watched query whose variables follow the box; "More" fetches the page after the last.
byId<HTMLInputElement>('search').addEventListener('input', (event) => {
  const text = (event.target as HTMLInputElement).value.trim();
  if (!text) return;
  const variables = { search: text, temperatureUnit: units.temperatureUnit };
  if (search) {
    void search.reobserve({ variables });
    return;
  }
  search = client.watchQuery({ query: SearchPlaces, variables });
  search.subscribe((result) => {
    if (result.error) byId('error').textContent = result.error.message;
    if (result.dataState !== 'complete') return;
    places = result.data.locations;
    renderResults();
  });
});

byId('more').addEventListener(
  'click',
  () =>
    void attempt(async () => {
      if (!search || !places?.pageInfo.endCursor) return;
      await search.fetchMore({
        variables: { after: places.pageInfo.endCursor },
        // Without a merge policy for `locations` the next page is its own cache entry: append it here.
        updateQuery: (previous, { fetchMoreResult }) => ({
          ...fetchMoreResult,
          locations: { ...fetchMoreResult.locations, edges: [...previous.locations.edges, ...fetchMoreResult.locations.edges] },
        }),
      });
    }),
);

function renderResults(): void {
  const saved = new Set(me?.favorites.map((favorite) => favorite.location.id));
  byId('count').textContent = places ? `${places.totalCount} places` : '';
  byId('more').hidden = !places?.pageInfo.hasNextPage;
  byId('results').replaceChildren(
    ...(places?.edges ?? []).map(({ node, matchedName }) => {
      // "Munich (München), DE": the name the search found, where it is not the place's own.
      const alias = matchedName && matchedName !== node.name ? ` (${matchedName})` : '';
      const name = button(`${node.name}${alias}, ${node.countryCode}`, () => showForecast(node.id));
      const save = button(saved.has(node.id) ? 'Saved' : 'Save', () =>
        client.mutate({ mutation: AddFavorite, variables: { input: { locationId: node.id } } }),
      );
      save.disabled = !me || saved.has(node.id);
      return el('li', '', name, el('span', temperature(node.current?.temperature)), save);
    }),
  );
}

async function showForecast(id: string): Promise<void> {
  const { data } = await client.query({ query: PlaceForecast, variables: { id, ...units } });
  const place = data?.location;
  if (!place) return;
  byId('forecast').hidden = false;
  byId('forecast-title').textContent = `${place.name}, ${place.countryCode} (${place.timezone})`;
  byId('forecast-now').textContent = place.current
    ? `Now ${temperature(place.current.temperature)}, feels like ${temperature(place.current.apparentTemperature)}, ` +
      `wind ${place.current.windSpeed} ${units.windSpeedUnit}, ${place.current.condition.toLowerCase().replace('_', ' ')}`
    : 'No forecast for the current hour';
  byId('forecast-days').replaceChildren(
    ...place.daily.map((day) =>
      el(
        'li',
        `${day.date}: ${temperature(day.temperatureMin)} to ${temperature(day.temperatureMax)}, ${day.precipitationSum} ${units.precipitationUnit}`,
      ),
    ),
  );
  byId('forecast-source').textContent = place.forecastSource
    ? `${place.forecastSource.provider} ${place.forecastSource.model}, issued ${place.forecastSource.issuedAt}`
    : '';
}
