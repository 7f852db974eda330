import fs from 'fs';
import path from 'path';
import { readYamlDocuments } from './crds';
import { repoRoot } from './binary';

/**
 * Folder of the shared, upstream Kratix and Crossplane fixtures:
 * `$KRATIX_FIXTURES_DIR`, else `shared/fixtures` beside the repository.
 */
export function fixturesDir(): string {
  return (
    process.env.KRATIX_FIXTURES_DIR ??
    path.resolve(repoRoot(), '..', 'shared', 'fixtures')
  );
}

/** Whether the fixtures folder is present. */
export function hasFixtures(): boolean {
  return fs.existsSync(path.join(fixturesDir(), 'kratix'));
}

/** Why fixture-based tests can't run, for skip messages and CI failures. */
export function missingFixturesMessage(): string {
  return (
    `The upstream fixtures folder was not found at ${fixturesDir()}. ` +
    'Put the shared fixtures beside the repository (shared/fixtures) or set ' +
    'KRATIX_FIXTURES_DIR to their folder.'
  );
}

/**
 * Throws under CI=true when the fixtures are missing; elsewhere warns once and
 * returns false so the caller can skip.
 */
export function requireFixtures(): boolean {
  if (hasFixtures()) return true;
  if (process.env.CI === 'true') {
    throw new Error(missingFixturesMessage());
  }
  // eslint-disable-next-line no-console
  console.warn(`Skipping fixture tests: ${missingFixturesMessage()}`);
  return false;
}

/**
 * `describe` when the fixtures exist; `describe.skip` with a message when they
 * don't, except under CI=true, where their absence is a failing test.
 */
export function describeWithFixtures(name: string, fn: () => void): void {
  if (hasFixtures()) {
    describe(name, fn);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs the upstream fixtures', () => {
        throw new Error(missingFixturesMessage());
      });
    });
  } else {
    // eslint-disable-next-line no-console
    console.warn(`Skipping '${name}': ${missingFixturesMessage()}`);
    describe.skip(name, fn);
  }
}

/** Every YAML document of a fixture file (path relative to the fixtures folder). */
export function loadFixture(relativePath: string): any[] {
  return readYamlDocuments(path.join(fixturesDir(), relativePath));
}

/** Fixture files of a sub-folder whose names match `pattern`, sorted, relative to the fixtures folder. */
export function listFixtures(
  subdir: string,
  pattern: RegExp = /\.ya?ml$/,
): string[] {
  return fs
    .readdirSync(path.join(fixturesDir(), subdir))
    .filter(file => pattern.test(file))
    .sort()
    .map(file => path.join(subdir, file));
}

/** Absolute paths of the Kratix CRD files. */
export function kratixCrdFiles(): string[] {
  return listFixtures('kratix/crds').map(f => path.join(fixturesDir(), f));
}

/** Absolute paths of the Crossplane CRD files. */
export function crossplaneCrdFiles(): string[] {
  return listFixtures('crossplane/crds').map(f => path.join(fixturesDir(), f));
}

/** Every YAML document of the Kratix fixtures, and the Promises among them that offer an API (`spec.api`). */
export function kratixFixtureDocuments(): {
  documents: any[];
  promises: any[];
} {
  const documents = listFixtures('kratix').flatMap(loadFixture);
  return {
    documents,
    promises: documents.filter(d => d.kind === 'Promise' && d.spec?.api),
  };
}

/** Every `openAPIV3Schema` in a fixture document: CRDs, Promise APIs, XRDs, and those a Promise installs. */
function schemasOf(doc: any): Array<[string, unknown]> {
  const installed: any[] =
    doc.kind === 'Promise' && Array.isArray(doc.spec?.dependencies)
      ? doc.spec.dependencies
      : [];
  const own = (): Array<[string, unknown]> => {
    if (
      ![
        'CustomResourceDefinition',
        'Promise',
        'CompositeResourceDefinition',
      ].includes(doc.kind)
    ) {
      return [];
    }
    const versions: any[] =
      (doc.kind === 'Promise' ? doc.spec?.api?.spec : doc.spec)?.versions ?? [];
    return versions
      .filter(v => v.schema?.openAPIV3Schema)
      .map(v => [
        `${doc.kind} ${doc.metadata?.name} ${v.name}`,
        v.schema.openAPIV3Schema,
      ]);
  };
  return [...own(), ...installed.flatMap(schemasOf)];
}

/**
 * Every `openAPIV3Schema` in the fixtures, named: the Kratix and Crossplane CRDs, the Promises' APIs, the XRDs, and
 * those a Promise installs through its dependencies.
 */
export function fixtureSchemas(): Array<[string, unknown]> {
  return ['kratix', 'kratix/crds', 'crossplane/crds', 'crossplane/e2e']
    .flatMap(dir => listFixtures(dir))
    .flatMap(loadFixture)
    .flatMap(schemasOf);
}
