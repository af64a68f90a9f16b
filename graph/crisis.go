package graph

import "haven/crisisadmin"

// crisisResources is the administration of crisis resources, on the search service's database
// and audit log: the two services share their collaborators.
func (r *Resolver) crisisResources() *crisisadmin.Service {
	return &crisisadmin.Service{Client: r.Search.Client, Clock: r.Search.Clock, Dialect: r.Search.Dialect, Audit: r.Search.Audit}
}
