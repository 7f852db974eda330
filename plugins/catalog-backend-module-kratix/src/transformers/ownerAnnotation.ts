import {
  KubernetesValidatorFunctions,
  parseEntityRef,
} from '@backstage/catalog-model';
import {
  KRATIX_ANNOTATIONS,
  KubernetesObject,
} from '@kratix-backstage/plugin-kratix-common';

/** How much of a rejected owner annotation a warning quotes. */
const MAX_QUOTED_LENGTH = 100;

/**
 * Whether a string is an entity reference an owner can be: `[kind:][namespace/]name` (kind `group` and namespace
 * `default` when left out), with a valid kind, namespace and name.
 */
export function isOwnerRef(value: string): boolean {
  try {
    const ref = parseEntityRef(value, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
    return (
      KubernetesValidatorFunctions.isValidKind(ref.kind) &&
      KubernetesValidatorFunctions.isValidNamespace(ref.namespace) &&
      KubernetesValidatorFunctions.isValidObjectName(ref.name)
    );
  } catch {
    return false;
  }
}

/**
 * An object's `kratix.backstage.io/owner` annotation: `owner` when it is an entity reference, `invalid` (the raw
 * value) when it is set but is not one, neither when it is absent or empty.
 */
export function ownerAnnotation(object: KubernetesObject): {
  owner?: string;
  invalid?: string;
} {
  const value: unknown =
    object.metadata.annotations?.[KRATIX_ANNOTATIONS.owner];
  if (value === undefined || value === '') return {};
  if (typeof value === 'string' && isOwnerRef(value)) return { owner: value };
  return { invalid: String(value) };
}

/** The warning for an owner annotation that is not an entity reference, naming the owner used instead. */
export function invalidOwnerAnnotationProblem(
  what: string,
  value: string,
  fallback: string,
): string {
  const quoted =
    value.length > MAX_QUOTED_LENGTH
      ? `${value.slice(0, MAX_QUOTED_LENGTH)}… (${value.length} characters)`
      : value;
  return `${what} has the annotation ${KRATIX_ANNOTATIONS.owner} '${quoted}', which is not an entity reference such as group:default/platform-team; its entities are owned by '${fallback}' instead. Fix the annotation to change the owner`;
}
