import {
  KubeRequestError,
  TestCluster,
  applyCrd,
  customResourceDefinition,
  kubeRequest,
} from '@kratix-backstage/kube-test-cluster';
import { goPatternToJavaScript } from './goPatternToJavaScript';

jest.setTimeout(120_000);

// Go RE2 patterns as CRD authors write them, with strings that tell Go's reading from a naive JavaScript one.
const CASES: Array<[pattern: string, values: string[]]> = [
  ['(?i)^[a-z]+$', ['abc', 'ABC', 'aBc', 'ab1', '']],
  ['(?i)^(dev|prod)$', ['dev', 'PROD', 'Dev', 'test']],
  ['^[a-c]+(?i:x)$', ['abX', 'abx', 'ABx']],
  ['^\\d+\\z', ['123', '12a', '123\n']],
  ['\\A[a-z]+\\z', ['abc', 'ab c', 'abc\n']],
  ['^(?P<env>dev|prod)-\\d$', ['dev-1', 'prod-2', 'test-3']],
  ['^[[:alpha:]][[:alnum:]_]*$', ['abc', 'a_1', '1ab', 'a-b']],
  ['^\\pL+$', ['héllo', 'abc', 'h3']],
  ['^\\p{Greek}+$', ['αβγ', 'abc']],
  ['^a\\-b\\_c\\:d$', ['a-b_c:d', 'a-bxc:d']],
  ['^\\Q1.5*\\E$', ['1.5*', '105*', '1.55']],
  ['^.$', ['a', '\r', '\n', '\u2028']],
  ['^\\s$', [' ', '\t', '\v', '\u00a0']],
  ['^a{2}b{$', ['aab{', 'ab{']],
  ['(?s)^a.b$', ['a\nb', 'axb']],
  ['(?m)^b$', ['a\nb', 'ab', 'b']],
  ['^x{1,3}$', ['x', 'xxx', 'xxxx']],
  ['^[\\w.-]+$', ['a.b-c_d', 'a b']],
  ['^\\x{41}\\101\\x41$', ['AAA', 'AA']],
  ['^[]a]+$', [']a', 'a', 'b']],
  ['^[a-f\\d]{2}$', ['a1', 'ff', 'fg']],
  ['^[^\\s]+$', ['abc', 'a b']],
];

describe('goPatternToJavaScript', () => {
  it('leaves a pattern that means the same in both alone', () => {
    expect(goPatternToJavaScript('^(small|large)$')).toBe('^(small|large)$');
    expect(goPatternToJavaScript('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')).toBe(
      '^[a-z0-9]([\\-a-z0-9]*[a-z0-9])?$',
    );
  });

  it.each(CASES.map(([p]) => [p]))(
    'translates %s into a pattern JavaScript compiles',
    pattern => {
      const source = goPatternToJavaScript(pattern);
      expect(source).toBeDefined();
      expect(() => new RegExp(source!, 'u')).not.toThrow();
    },
  );

  it.each([
    // lookarounds and backreferences: RE2 refuses them, so the API server can't use them either
    ['^(?=a)a$'],
    ['^(a)\\1$'],
    // ungreedy mode has no JavaScript spelling
    ['(?U)a+'],
    ['^\\C$'],
    ['[a'],
  ])('gives up on %s instead of throwing', pattern => {
    expect(goPatternToJavaScript(pattern)).toBeUndefined();
  });

  describe('against the API server (Go regexp, k8s.io/kube-openapi pkg/validation/validate/values.go)', () => {
    let cluster: TestCluster;
    const api = '/apis/patterns.test.kratix.io/v1/namespaces/default/probes';

    beforeAll(async () => {
      cluster = await TestCluster.start({ name: 'go-patterns' });
      const properties = Object.fromEntries(
        CASES.map(([pattern], i) => [`p${i}`, { type: 'string', pattern }]),
      );
      await applyCrd(
        cluster.admin,
        customResourceDefinition({
          group: 'patterns.test.kratix.io',
          kind: 'Probe',
          plural: 'probes',
          namespaced: true,
          versions: [
            {
              name: 'v1',
              schema: {
                type: 'object',
                properties: { spec: { type: 'object', properties } },
              },
            },
          ],
        }),
      );
    });

    afterAll(async () => {
      await cluster?.destroy();
    });

    async function serverAccepts(field: string, value: string) {
      try {
        await kubeRequest(cluster.admin, 'POST', `${api}?dryRun=All`, {
          apiVersion: 'patterns.test.kratix.io/v1',
          kind: 'Probe',
          metadata: { name: 'probe', namespace: 'default' },
          spec: { [field]: value },
        });
        return true;
      } catch (e) {
        if (e instanceof KubeRequestError && e.statusCode === 422) return false;
        throw e;
      }
    }

    it('accepts exactly the strings Go accepts', async () => {
      const verdicts = [];
      for (const [i, [pattern, values]] of CASES.entries()) {
        const source = goPatternToJavaScript(pattern)!;
        for (const value of values) {
          verdicts.push({
            pattern,
            value,
            javascript: new RegExp(source, 'u').test(value),
            go: await serverAccepts(`p${i}`, value),
          });
        }
      }
      expect(verdicts.filter(v => v.javascript !== v.go)).toEqual([]);
      // Not vacuous: the server refuses some and accepts some.
      expect(verdicts.some(v => !v.go)).toBe(true);
      expect(verdicts.some(v => v.go)).toBe(true);
    });
  });
});
