// The GitHub REST API route table (~300 routes): the classic go-http-routing-benchmark
// set plus newer endpoints (Actions, checks, reviews, reactions, apps …), in `:param` syntax that
// Express 4/5, @koa/router, find-my-way and Fastify all accept as written.
//
// Order matters for first-match routers (Express, @koa/router): a static segment is
// listed before a param sibling (`issues/comments` before `issues/:number`), as a careful
// app would, so every router picks the same route for every request. Wildcards are left
// out because their syntax differs between path-to-regexp 0.1 and 8.
// Data only: read it through bench/http/workloads.mjs.

const TABLE = `
GET /authorizations|GET /authorizations/:id|POST /authorizations|DELETE /authorizations/:id
GET /applications/:client_id/tokens/:access_token|DELETE /applications/:client_id/tokens
DELETE /applications/:client_id/tokens/:access_token
GET /events|GET /repos/:owner/:repo/events|GET /networks/:owner/:repo/events|GET /orgs/:org/events
GET /users/:user/received_events|GET /users/:user/received_events/public|GET /users/:user/events
GET /users/:user/events/public|GET /users/:user/events/orgs/:org|GET /feeds
GET /notifications|GET /repos/:owner/:repo/notifications|PUT /notifications|PUT /repos/:owner/:repo/notifications
GET /notifications/threads/:id|GET /notifications/threads/:id/subscription
PUT /notifications/threads/:id/subscription|DELETE /notifications/threads/:id/subscription
GET /repos/:owner/:repo/stargazers|GET /users/:user/starred|GET /user/starred
GET /user/starred/:owner/:repo|PUT /user/starred/:owner/:repo|DELETE /user/starred/:owner/:repo
GET /repos/:owner/:repo/subscribers|GET /users/:user/subscriptions|GET /user/subscriptions
GET /repos/:owner/:repo/subscription|PUT /repos/:owner/:repo/subscription|DELETE /repos/:owner/:repo/subscription
GET /user/subscriptions/:owner/:repo|PUT /user/subscriptions/:owner/:repo|DELETE /user/subscriptions/:owner/:repo
GET /users/:user/gists|GET /gists|GET /gists/public|GET /gists/starred|GET /gists/:id|POST /gists
PUT /gists/:id/star|DELETE /gists/:id/star|GET /gists/:id/star|POST /gists/:id/forks|DELETE /gists/:id
GET /repos/:owner/:repo/git/blobs/:sha|POST /repos/:owner/:repo/git/blobs
GET /repos/:owner/:repo/git/commits/:sha|POST /repos/:owner/:repo/git/commits
GET /repos/:owner/:repo/git/refs|GET /repos/:owner/:repo/git/refs/:ref|POST /repos/:owner/:repo/git/refs
DELETE /repos/:owner/:repo/git/refs/:ref|GET /repos/:owner/:repo/git/tags/:sha|POST /repos/:owner/:repo/git/tags
GET /repos/:owner/:repo/git/trees/:sha|POST /repos/:owner/:repo/git/trees
GET /issues|GET /user/issues|GET /orgs/:org/issues|GET /repos/:owner/:repo/issues
GET /repos/:owner/:repo/issues/comments|GET /repos/:owner/:repo/issues/comments/:id
DELETE /repos/:owner/:repo/issues/comments/:id|GET /repos/:owner/:repo/issues/events
GET /repos/:owner/:repo/issues/events/:id|GET /repos/:owner/:repo/issues/:number|POST /repos/:owner/:repo/issues
GET /repos/:owner/:repo/assignees|GET /repos/:owner/:repo/assignees/:assignee
GET /repos/:owner/:repo/issues/:number/comments|POST /repos/:owner/:repo/issues/:number/comments
GET /repos/:owner/:repo/issues/:number/events|GET /repos/:owner/:repo/labels|GET /repos/:owner/:repo/labels/:name
POST /repos/:owner/:repo/labels|DELETE /repos/:owner/:repo/labels/:name
GET /repos/:owner/:repo/issues/:number/labels|POST /repos/:owner/:repo/issues/:number/labels
DELETE /repos/:owner/:repo/issues/:number/labels/:name|PUT /repos/:owner/:repo/issues/:number/labels
DELETE /repos/:owner/:repo/issues/:number/labels|GET /repos/:owner/:repo/milestones/:number/labels
GET /repos/:owner/:repo/milestones|GET /repos/:owner/:repo/milestones/:number|POST /repos/:owner/:repo/milestones
DELETE /repos/:owner/:repo/milestones/:number
GET /emojis|GET /gitignore/templates|GET /gitignore/templates/:name|POST /markdown|POST /markdown/raw
GET /meta|GET /rate_limit
GET /users/:user/orgs|GET /user/orgs|GET /orgs/:org|GET /orgs/:org/members|GET /orgs/:org/members/:user
DELETE /orgs/:org/members/:user|GET /orgs/:org/public_members|GET /orgs/:org/public_members/:user
PUT /orgs/:org/public_members/:user|DELETE /orgs/:org/public_members/:user
GET /orgs/:org/teams|GET /teams/:id|POST /orgs/:org/teams|DELETE /teams/:id|GET /teams/:id/members
GET /teams/:id/members/:user|PUT /teams/:id/members/:user|DELETE /teams/:id/members/:user
GET /teams/:id/repos|GET /teams/:id/repos/:owner/:repo|PUT /teams/:id/repos/:owner/:repo
DELETE /teams/:id/repos/:owner/:repo|GET /user/teams
GET /repos/:owner/:repo/pulls|GET /repos/:owner/:repo/pulls/comments|GET /repos/:owner/:repo/pulls/comments/:number
DELETE /repos/:owner/:repo/pulls/comments/:number|GET /repos/:owner/:repo/pulls/:number
POST /repos/:owner/:repo/pulls|GET /repos/:owner/:repo/pulls/:number/commits|GET /repos/:owner/:repo/pulls/:number/files
GET /repos/:owner/:repo/pulls/:number/merge|PUT /repos/:owner/:repo/pulls/:number/merge
GET /repos/:owner/:repo/pulls/:number/comments|PUT /repos/:owner/:repo/pulls/:number/comments
GET /user/repos|GET /users/:user/repos|GET /orgs/:org/repos|GET /repositories|POST /user/repos
POST /orgs/:org/repos|GET /repos/:owner/:repo|DELETE /repos/:owner/:repo|GET /repos/:owner/:repo/contributors
GET /repos/:owner/:repo/languages|GET /repos/:owner/:repo/teams|GET /repos/:owner/:repo/tags
GET /repos/:owner/:repo/branches|GET /repos/:owner/:repo/branches/:branch|GET /repos/:owner/:repo/collaborators
GET /repos/:owner/:repo/collaborators/:user|PUT /repos/:owner/:repo/collaborators/:user
DELETE /repos/:owner/:repo/collaborators/:user|GET /repos/:owner/:repo/comments
GET /repos/:owner/:repo/commits/:sha/comments|POST /repos/:owner/:repo/commits/:sha/comments
GET /repos/:owner/:repo/comments/:id|DELETE /repos/:owner/:repo/comments/:id
GET /repos/:owner/:repo/commits|GET /repos/:owner/:repo/commits/:sha|GET /repos/:owner/:repo/readme
GET /repos/:owner/:repo/contents/:path|DELETE /repos/:owner/:repo/contents/:path
GET /repos/:owner/:repo/keys|GET /repos/:owner/:repo/keys/:id|POST /repos/:owner/:repo/keys
DELETE /repos/:owner/:repo/keys/:id|GET /repos/:owner/:repo/downloads|GET /repos/:owner/:repo/downloads/:id
DELETE /repos/:owner/:repo/downloads/:id|GET /repos/:owner/:repo/forks|POST /repos/:owner/:repo/forks
GET /repos/:owner/:repo/hooks|GET /repos/:owner/:repo/hooks/:id|POST /repos/:owner/:repo/hooks
POST /repos/:owner/:repo/hooks/:id/tests|DELETE /repos/:owner/:repo/hooks/:id|POST /repos/:owner/:repo/merges
GET /repos/:owner/:repo/releases|GET /repos/:owner/:repo/releases/:id|POST /repos/:owner/:repo/releases
DELETE /repos/:owner/:repo/releases/:id|GET /repos/:owner/:repo/releases/:id/assets
GET /repos/:owner/:repo/stats/contributors|GET /repos/:owner/:repo/stats/commit_activity
GET /repos/:owner/:repo/stats/code_frequency|GET /repos/:owner/:repo/stats/participation
GET /repos/:owner/:repo/stats/punch_card|GET /repos/:owner/:repo/statuses/:ref|POST /repos/:owner/:repo/statuses/:ref
GET /search/repositories|GET /search/code|GET /search/issues|GET /search/users
GET /legacy/issues/search/:owner/:repository/:state/:keyword|GET /legacy/repos/search/:keyword
GET /legacy/user/search/:keyword|GET /legacy/user/email/:email
GET /users/:user|GET /user|GET /users|GET /user/emails|POST /user/emails|DELETE /user/emails
GET /users/:user/followers|GET /user/followers|GET /users/:user/following|GET /user/following
GET /user/following/:user|GET /users/:user/following/:target_user|PUT /user/following/:user
DELETE /user/following/:user|GET /users/:user/keys|GET /user/keys|GET /user/keys/:id|POST /user/keys
DELETE /user/keys/:id
GET /repos/:owner/:repo/actions/caches|DELETE /repos/:owner/:repo/actions/caches/:cache_id
GET /repos/:owner/:repo/actions/jobs/:job_id|GET /repos/:owner/:repo/actions/jobs/:job_id/logs
POST /repos/:owner/:repo/actions/jobs/:job_id/rerun|GET /repos/:owner/:repo/actions/permissions
PUT /repos/:owner/:repo/actions/permissions|GET /repos/:owner/:repo/actions/runners
GET /repos/:owner/:repo/actions/runners/downloads|POST /repos/:owner/:repo/actions/runners/registration-token
POST /repos/:owner/:repo/actions/runners/remove-token|GET /repos/:owner/:repo/actions/runners/:runner_id
DELETE /repos/:owner/:repo/actions/runners/:runner_id|GET /repos/:owner/:repo/actions/runs
GET /repos/:owner/:repo/actions/runs/:run_id|DELETE /repos/:owner/:repo/actions/runs/:run_id
GET /repos/:owner/:repo/actions/runs/:run_id/artifacts|POST /repos/:owner/:repo/actions/runs/:run_id/cancel
GET /repos/:owner/:repo/actions/runs/:run_id/jobs|GET /repos/:owner/:repo/actions/runs/:run_id/logs
POST /repos/:owner/:repo/actions/runs/:run_id/rerun|GET /repos/:owner/:repo/actions/runs/:run_id/timing
GET /repos/:owner/:repo/actions/secrets|GET /repos/:owner/:repo/actions/secrets/public-key
GET /repos/:owner/:repo/actions/secrets/:secret_name|PUT /repos/:owner/:repo/actions/secrets/:secret_name
DELETE /repos/:owner/:repo/actions/secrets/:secret_name
GET /repos/:owner/:repo/actions/workflows|GET /repos/:owner/:repo/actions/workflows/:workflow_id
PUT /repos/:owner/:repo/actions/workflows/:workflow_id/disable
POST /repos/:owner/:repo/actions/workflows/:workflow_id/dispatches
PUT /repos/:owner/:repo/actions/workflows/:workflow_id/enable
GET /repos/:owner/:repo/actions/workflows/:workflow_id/runs
POST /repos/:owner/:repo/check-runs|GET /repos/:owner/:repo/check-runs/:check_run_id
PATCH /repos/:owner/:repo/check-runs/:check_run_id|GET /repos/:owner/:repo/check-runs/:check_run_id/annotations
POST /repos/:owner/:repo/check-runs/:check_run_id/rerequest|POST /repos/:owner/:repo/check-suites
PATCH /repos/:owner/:repo/check-suites/preferences|GET /repos/:owner/:repo/check-suites/:check_suite_id
GET /repos/:owner/:repo/check-suites/:check_suite_id/check-runs
POST /repos/:owner/:repo/check-suites/:check_suite_id/rerequest
GET /repos/:owner/:repo/commits/:ref/check-runs|GET /repos/:owner/:repo/commits/:ref/check-suites
GET /repos/:owner/:repo/commits/:ref/status|GET /repos/:owner/:repo/commits/:ref/statuses
GET /repos/:owner/:repo/issues/:number/reactions|POST /repos/:owner/:repo/issues/:number/reactions
DELETE /repos/:owner/:repo/issues/:number/reactions/:reaction_id
GET /repos/:owner/:repo/issues/comments/:id/reactions|POST /repos/:owner/:repo/issues/comments/:id/reactions
GET /repos/:owner/:repo/pulls/comments/:number/reactions
GET /repos/:owner/:repo/comments/:id/reactions|POST /repos/:owner/:repo/comments/:id/reactions
GET /repos/:owner/:repo/pulls/:number/reviews|POST /repos/:owner/:repo/pulls/:number/reviews
GET /repos/:owner/:repo/pulls/:number/reviews/:review_id|PUT /repos/:owner/:repo/pulls/:number/reviews/:review_id
DELETE /repos/:owner/:repo/pulls/:number/reviews/:review_id
GET /repos/:owner/:repo/pulls/:number/reviews/:review_id/comments
PUT /repos/:owner/:repo/pulls/:number/reviews/:review_id/dismissals
POST /repos/:owner/:repo/pulls/:number/reviews/:review_id/events
GET /repos/:owner/:repo/pulls/:number/requested_reviewers
POST /repos/:owner/:repo/pulls/:number/requested_reviewers
DELETE /repos/:owner/:repo/pulls/:number/requested_reviewers|PUT /repos/:owner/:repo/pulls/:number/update-branch
POST /repos/:owner/:repo/branches/:branch/rename
GET /app|GET /app/installations|GET /app/installations/:installation_id
DELETE /app/installations/:installation_id|POST /app/installations/:installation_id/access_tokens
GET /apps/:app_slug|GET /installation/repositories|GET /user/installations
GET /user/installations/:installation_id/repositories|GET /repos/:owner/:repo/installation
GET /orgs/:org/installation|GET /users/:user/installation
GET /repos/:owner/:repo/topics|PUT /repos/:owner/:repo/topics
GET /repos/:owner/:repo/license|GET /licenses|GET /licenses/:license
GET /codes_of_conduct|GET /codes_of_conduct/:key|GET /octocat|GET /zen|GET /versions
POST /repos/:owner/:repo/dispatches
POST /repos/:owner/:repo/generate|POST /repos/:owner/:repo/transfer|GET /repos/:owner/:repo/compare/:basehead
GET /user/memberships/orgs|GET /user/memberships/orgs/:org
GET /orgs/:org/memberships/:username
`

/** `[{ method, path }]` in registration order. */
export const GITHUB_ROUTES = TABLE.trim()
  .split(/[|\n]/)
  .map((entry) => {
    const [method, path] = entry.trim().split(' ')
    return { method, path }
  })
