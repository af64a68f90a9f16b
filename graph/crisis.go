package graph

import "haven/crisisadmin"

// crisisResources is the administration of crisis resources that the application built.
func (r *Resolver) crisisResources() *crisisadmin.Service { return r.CrisisResources }
