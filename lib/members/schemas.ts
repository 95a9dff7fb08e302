import { z } from "zod";
import { roles } from "@/lib/auth/roles";

const role = z.enum(roles, { error: "Choose owner, admin or viewer." });
const userId = z.string().min(1).max(64);
const invitationId = z.string().min(1).max(64);
// An unchecked checkbox sends nothing; a checked one sends "on".
const checkbox = z
  .union([z.boolean(), z.literal("on")])
  .optional()
  .transform((value) => value === true || value === "on");

export const inviteMemberInput = z.object({
  email: z
    .email({
      error: (issue) =>
        typeof issue.input === "string" && issue.input.trim() !== ""
          ? `"${issue.input}" is not an email address: write it like ana@example.com.`
          : "Enter the email address of the person to invite.",
    })
    .max(320, { error: "An email address has at most 320 characters." }),
  role,
});
export const revokeInvitationInput = z.object({ invitationId });
export const changeMemberRoleInput = z.object({ userId, role });
export const removeMemberInput = z.object({ userId, revokeTheirKeys: checkbox });
// 32 random bytes in base64url; anything else cannot be an invitation link.
export const invitationToken = z.string().regex(/^[\w-]{43}$/, { error: "This is not an invitation link." });
