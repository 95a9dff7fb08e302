import { z } from "zod";

/** What every password a person chooses must satisfy: setup, invitations and password changes. */
export const newPassword = z.string().min(12, { error: "Use at least 12 characters." }).max(1024, { error: "Use at most 1024 characters." });

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, { error: "Enter your current password." }).max(1024),
  newPassword,
});
