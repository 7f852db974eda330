/**
 * The longest resource request name Kratix takes: it caps `metadata.name` in the CRD it makes of a Promise's API
 * (upstream `api/v1alpha1/promise_types.go`, `MaxResourceNameLength`).
 *
 * @public
 */
export const RESOURCE_REQUEST_NAME_MAX_LENGTH = 63;

/**
 * What a resource request's name looks like: a custom resource's name is a DNS-1123 subdomain.
 *
 * @public
 */
export const RESOURCE_REQUEST_NAME_PATTERN =
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';

/**
 * The longest namespace name: a namespace's name is a DNS-1123 label.
 *
 * @public
 */
export const NAMESPACE_NAME_MAX_LENGTH = 63;

/**
 * What a namespace's name looks like (a DNS-1123 label).
 *
 * @public
 */
export const NAMESPACE_NAME_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

/**
 * The rule a resource request's name follows, in words, for forms and error messages.
 *
 * @public
 */
export const RESOURCE_REQUEST_NAME_RULE = `at most ${RESOURCE_REQUEST_NAME_MAX_LENGTH} lower-case letters, digits, '-' and '.', starting and ending with a letter or digit`;

/**
 * The rule a namespace's name follows, in words.
 *
 * @public
 */
export const NAMESPACE_NAME_RULE = `at most ${NAMESPACE_NAME_MAX_LENGTH} lower-case letters, digits and '-', starting and ending with a letter or digit`;

const NAME = new RegExp(RESOURCE_REQUEST_NAME_PATTERN);
const NAMESPACE = new RegExp(NAMESPACE_NAME_PATTERN);

/**
 * Whether Kratix and the API server take this as a resource request's name.
 *
 * @public
 */
export function isValidResourceRequestName(name: string): boolean {
  return name.length <= RESOURCE_REQUEST_NAME_MAX_LENGTH && NAME.test(name);
}

/**
 * Whether the API server takes this as a namespace's name.
 *
 * @public
 */
export function isValidNamespaceName(namespace: string): boolean {
  return (
    namespace.length <= NAMESPACE_NAME_MAX_LENGTH && NAMESPACE.test(namespace)
  );
}
