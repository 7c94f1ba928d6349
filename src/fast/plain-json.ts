import { type ApiObject, App, ImplicitTokenResolver, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { unpatchedProps } from '../components/kube';
import { sortKeys } from '../core/json-map';

/**
 * An object's JSON, as `ApiObject.toJson()` makes it. cdk8s's resolution visits every value with
 * each of the app's resolvers, making a context and a key path for each, and leaves plain JSON as
 * it is; for an unpatched object of this library whose props are plain JSON, in an app with only
 * cdk8s's own resolvers, this is cdk8s's sanitizing copy alone (keys sorted unless
 * CDK8S_DISABLE_SORT, null and undefined map values left out), with apiVersion, kind and metadata
 * first. Any other object goes through `toJson()`.
 */
export function objectJson(object: ApiObject): any {
  const props = unpatchedProps(object);
  if (props && hasBuiltInResolversOnly(App.of(object))) {
    try {
      const copy = plainCopy({ ...props, metadata: object.metadata.toJson() }, !process.env.CDK8S_DISABLE_SORT);
      if (copy !== NOT_PLAIN) {
        const { apiVersion: _apiVersion, kind: _kind, metadata, ...rest } = copy as Record<string, unknown>;
        return { apiVersion: props.apiVersion, kind: props.kind, metadata, ...rest };
      }
    } catch {
      // toJson() fails the same way, and says which object failed.
    }
  }
  return object.toJson();
}

function hasBuiltInResolversOnly(app: App): boolean {
  const [lazy, token, union, ...others] = app.resolvers;
  return (
    others.length === 0 &&
    lazy instanceof LazyResolver &&
    token instanceof ImplicitTokenResolver &&
    union instanceof NumberStringUnionResolver
  );
}

const NOT_PLAIN = Symbol('not plain JSON');

/** A copy of plain JSON as cdk8s sanitizes it, or NOT_PLAIN. */
function plainCopy(value: unknown, sorted: boolean): unknown {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'object': {
      if (value === null) return undefined;
      if (Array.isArray(value)) {
        const items = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) {
          const item = plainCopy(value[i], sorted);
          if (item === NOT_PLAIN) return NOT_PLAIN;
          items[i] = item;
        }
        return items;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return NOT_PLAIN;
      const map = value as Record<string, unknown>;
      const keys = Object.keys(map);
      if (sorted) sortKeys(keys);
      const copy: Record<string, unknown> = {};
      for (const key of keys) {
        const item = plainCopy(map[key], sorted);
        if (item === NOT_PLAIN) return NOT_PLAIN;
        if (item !== undefined) copy[key] = item;
      }
      return copy;
    }
    default:
      return NOT_PLAIN;
  }
}
