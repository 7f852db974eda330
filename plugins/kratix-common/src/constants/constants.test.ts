import {
  KRATIX_ANNOTATION_PREFIX,
  KRATIX_ANNOTATIONS,
  SYNTASSO_ANNOTATIONS,
} from './annotations';
import { KRATIX_ENTITY_TYPES } from './entityTypes';
import { KRATIX_API_VERSION, KRATIX_LABELS } from './kratix';

describe('constants', () => {
  it('keeps every annotation of ours under one prefix, each distinct', () => {
    const values = Object.values(KRATIX_ANNOTATIONS);
    expect(values.every(v => v.startsWith(KRATIX_ANNOTATION_PREFIX))).toBe(
      true,
    );
    expect(new Set(values).size).toBe(values.length);
  });

  it('keeps Syntasso-shape annotations under kratix.io', () => {
    expect(
      Object.values(SYNTASSO_ANNOTATIONS).every(v =>
        v.startsWith('kratix.io/'),
      ),
    ).toBe(true);
  });

  it('uses our own entity types, none of Syntasso Kratix Enterprise ids', () => {
    const values = Object.values(KRATIX_ENTITY_TYPES);
    expect(values.some(v => /\bske\b/.test(v))).toBe(false);
    expect(new Set(values).size).toBe(values.length);
  });

  it('builds the Kratix apiVersion and labels as Kratix writes them', () => {
    expect(KRATIX_API_VERSION).toBe('platform.kratix.io/v1alpha1');
    expect(
      Object.values(KRATIX_LABELS).every(v => v.startsWith('kratix.io/')),
    ).toBe(true);
  });
});
