import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'

export default tseslint.config(
  { ignores: ['build/**', 'public/build/**', '.cache/**', 'node_modules/**', 'data/**', 'db/migrations/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // every action reads its form through readForm or withUploadForm (issue 14): they refuse what
    // is no form with 4xx and clean the text; a bare request.formData() answers 500 to a JSON body
    files: ['app/**/*.{ts,tsx}'],
    ignores: ['app/utils/form-body.server.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='request'][callee.property.name='formData']",
          message: 'Read forms with readForm (app/utils/form-body.server.ts) or withUploadForm.',
        },
      ],
    },
  },
)
