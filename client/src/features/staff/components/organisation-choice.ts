/** An organisation as the staff screens need it; the page builds these from the organisations feature. */
export interface OrganisationChoice {
  id: string;
  name: string;
  /** From the server's abilities on that organisation: may the caller manage its staff? */
  canManageStaff: boolean;
}
