module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      // Helpers that wrap describe() for other packages' tests.
      files: ['src/fixtures.ts'],
      rules: {
        'jest/no-export': 'off',
        'jest/valid-title': 'off',
        'jest/valid-describe-callback': 'off',
        'jest/expect-expect': 'off',
        'jest/no-disabled-tests': 'off',
      },
    },
  ],
});
