// Who is signed in and what their roles allow. The server decides every action; these checks
// only decide what the console offers, and each missing button says which role it needs.

export const session = { viewer: null, settings: null };

const has = (role) => !!session.viewer && session.viewer.roles.includes(role);

export const can = {
  review: () => has("moderator") || has("clinical_reviewer"),
  clinical: () => has("clinical_reviewer"),
  publish: () => has("publisher"),
  admin: () => has("admin"),
};

/** memberOf reports whether the viewer belongs to the organization with id. */
export function memberOf(id) {
  const orgs = (session.viewer && session.viewer.account && session.viewer.account.organizations) || [];
  return !!id && orgs.some((o) => o.id === id);
}

/** own reports whether the submission is the viewer's own work or their organization's. */
export function ownWork(s) {
  const acc = session.viewer && session.viewer.account;
  const mine = acc && acc.creator && s.creator && acc.creator.id === s.creator.id;
  return !!mine || memberOf(s.organization && s.organization.id);
}
