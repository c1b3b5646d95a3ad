/**
 * Great-circle geometry on a spherical Earth: good to about 0.5 %, plenty for "places near me".
 */
const EARTH_RADIUS_KM = 6_371.0088; // mean radius (IUGG)
const KM_PER_DEGREE_LATITUDE = (Math.PI * EARTH_RADIUS_KM) / 180;
const RAD = Math.PI / 180;

/** Haversine distance between two points, in kilometres. */
export function greatCircleKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

export interface BoundingBox {
  minLatitude: number;
  maxLatitude: number;
  /**
   * Longitude ranges to match; two when the box crosses the antimeridian, none when it spans
   * every longitude (near a pole).
   */
  longitudeRanges: [number, number][] | null;
}

/** A box that contains every point within `radiusKm` of the centre (and a little more). */
export function boundingBox(latitude: number, longitude: number, radiusKm: number): BoundingBox {
  const dLat = radiusKm / KM_PER_DEGREE_LATITUDE;
  const minLatitude = Math.max(-90, latitude - dLat);
  const maxLatitude = Math.min(90, latitude + dLat);
  // A parallel is shortest at the box's edge farthest from the equator, so the widest
  // longitude span is needed there.
  const widestLatitude = Math.max(Math.abs(minLatitude), Math.abs(maxLatitude));
  if (widestLatitude >= 90) return { minLatitude, maxLatitude, longitudeRanges: null };
  const dLon = dLat / Math.cos(widestLatitude * RAD);
  if (dLon >= 180) return { minLatitude, maxLatitude, longitudeRanges: null };
  const west = longitude - dLon;
  const east = longitude + dLon;
  if (west < -180)
    return {
      minLatitude,
      maxLatitude,
      longitudeRanges: [
        [west + 360, 180],
        [-180, east],
      ],
    };
  if (east > 180)
    return {
      minLatitude,
      maxLatitude,
      longitudeRanges: [
        [west, 180],
        [-180, east - 360],
      ],
    };
  return { minLatitude, maxLatitude, longitudeRanges: [[west, east]] };
}
