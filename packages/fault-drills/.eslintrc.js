module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      // The drills run the plugins themselves, in real backends.
      files: ['*.test.ts', 'src/__testUtils__/measureInformerSharing.ts'],
      rules: { '@backstage/no-mixed-plugin-imports': 'off' },
    },
  ],
});
