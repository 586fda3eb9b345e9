/** `@kmsim/testkit/moto`: the local KMS endpoint of `@kmsim/loaders/moto`, for tests of code that reads live keys. */
export * from '@kmsim/loaders/moto';
