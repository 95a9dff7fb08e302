import { z } from "zod";
import { roles } from "@/lib/auth/roles";

const role = z.enum(roles, { error: "Choose owner, admin or viewer." });
const userId = z.string().min(1).max(64);

export const addMemberInput = z.object({
  email: z.email({ error: "Enter a valid email address." }).max(320),
  role,
});
export const changeMemberRoleInput = z.object({ userId, role });
export const removeMemberInput = z.object({ userId });
