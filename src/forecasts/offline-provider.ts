/**
 * The default provider: the deterministic offline model, so the service works with no network
 * and the same inputs always give the same forecast.
 */
import { MODEL_NAME, modelHours } from './model.js';
import type { ForecastProvider } from './provider.js';

export const offlineProvider: ForecastProvider = {
  name: 'skygraph-offline',
  async forecast(places, window, issuedAt) {
    return places.map((place) => ({
      locationId: place.id,
      provider: this.name,
      model: MODEL_NAME,
      issuedAt,
      hours: modelHours(place, window.from, window.hours),
    }));
  },
};
