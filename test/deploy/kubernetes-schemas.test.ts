import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import {
  manifestFileNames,
  parseManifest,
  readManifest,
  readManifestText,
  uncommentOtelEntries,
} from './manifest-files.js';

// kubernetes-models 4.5 carries the Kubernetes API's own OpenAPI schemas (Kubernetes 1.27): types,
// required fields, enums, int-or-string. Its schemas allow fields they do not name, so a misspelt
// field passes here where the API server's strict field validation (kubectl's default) refuses it.

interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: never): { validate(): void };
}

/** The API model each manifest file must be, checked against its schema. */
const modelOf: Record<string, ModelClass> = {
  'configmap-trusted-documents.yaml': ConfigMap,
  'deployment.yaml': Deployment,
  'hpa.yaml': HorizontalPodAutoscaler,
  'pdb.yaml': PodDisruptionBudget,
  'secret.yaml': Secret,
  'service.yaml': Service,
};

const validate = (Model: ModelClass, manifest: unknown) => new Model(manifest as never).validate();

type Path = readonly (string | number)[];

/** A copy of a manifest file's object with the value at `path` replaced, or removed (undefined). */
function brokenCopy(name: string, path: Path, value: unknown): unknown {
  const copy = structuredClone(readManifest(name));
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy) as Record<
    string | number,
    unknown
  >;
  const last = path.at(-1) as string | number;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}

describe('the manifests, against the Kubernetes API schemas', () => {
  it('leaves no manifest file unchecked', () => {
    expect(manifestFileNames()).toEqual(Object.keys(modelOf).sort());
  });

  it.each(Object.keys(modelOf))('%s is a valid object of its kind and version', (name) => {
    const Model = modelOf[name] as ModelClass;
    const manifest = readManifest(name) as { apiVersion: string; kind: string };
    expect({ apiVersion: manifest.apiVersion, kind: manifest.kind }).toEqual({
      apiVersion: Model.apiVersion,
      kind: Model.kind,
    });
    expect(() => validate(Model, manifest)).not.toThrow();
  });

  it('stays valid with its commented tracing entries uncommented', () => {
    const withTracing = parseManifest(uncommentOtelEntries(readManifestText('deployment.yaml')));
    expect(() => validate(Deployment, withTracing)).not.toThrow();
  });
});

describe('the schema check itself', () => {
  const container: Path = ['spec', 'template', 'spec', 'containers', 0];
  it.each<[string, string, Path, unknown, string]>([
    [
      'a container port as a string',
      'deployment.yaml',
      [...container, 'ports', 0, 'containerPort'],
      '4000',
      'data/spec/template/spec/containers/0/ports/0/containerPort must be integer',
    ],
    [
      'a container without its name',
      'deployment.yaml',
      [...container, 'name'],
      undefined,
      'data/spec/template/spec/containers/0 must have required property name',
    ],
    [
      'an env entry whose value is a number',
      'deployment.yaml',
      [...container, 'env', 0, 'value'],
      4000,
      'data/spec/template/spec/containers/0/env/0/value must be string',
    ],
    [
      'minReplicas as a string',
      'hpa.yaml',
      ['spec', 'minReplicas'],
      '2',
      'data/spec/minReplicas must be integer',
    ],
    [
      'a budget selector that is a list',
      'pdb.yaml',
      ['spec', 'selector'],
      [{ matchLabels: { 'app.kubernetes.io/name': 'voice-ai-gateway' } }],
      'data/spec/selector must be object',
    ],
    [
      'a ConfigMap entry that is not text',
      'configmap-trusted-documents.yaml',
      ['data', 'persisted-documents.json'],
      { documents: [] },
      'data/data/persisted-documents.json must be string',
    ],
    [
      'a Service port without its number',
      'service.yaml',
      ['spec', 'ports', 0, 'port'],
      undefined,
      'data/spec/ports/0 must have required property port',
    ],
    [
      'the wrong kind',
      'secret.yaml',
      ['kind'],
      'ConfigMap',
      'data/kind must be equal to one of the allowed values',
    ],
  ])('refuses %s', (_case, name, path, value, message) => {
    const Model = modelOf[name] as ModelClass;
    expect(() => validate(Model, readManifest(name))).not.toThrow();
    expect(() => validate(Model, brokenCopy(name, path, value))).toThrow(message);
  });
});
