// A route the server protects with @clerk/nuxt: the testing kit's tests prove that a user it
// signs in is signed in for the server too.
export default defineEventHandler((event) => {
  const { userId } = event.context.auth()
  if (!userId) throw createError({ statusCode: 401, statusMessage: 'Sign in first' })
  return { userId }
})
