// Imported first by run.ts: the bench builds as `vite build` does, which sets NODE_ENV before it
// loads any plugin. Vue's SFC compiler picks its production build (no template comments in the
// output, for one) from NODE_ENV when it is first loaded, so it must be set before the imports.
process.env.NODE_ENV = 'production'
