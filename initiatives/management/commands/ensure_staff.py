from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string

from initiatives.roles import ENTERING, MANAGING, PUBLISHING, REVIEWING, ensure_roles

# With --demo-accounts: one account that enters and reviews, one that publishes, so the demo
# shows four-eyes publishing (the one who entered a report cannot publish it alone).
DEMO_ACCOUNTS = {"editor": (ENTERING, REVIEWING), "publisher": (PUBLISHING, REVIEWING)}


class Command(BaseCommand):
    help = "Keep the role groups up to date and make sure a local staff account exists."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="staff")
        parser.add_argument("--admin-url", default="http://127.0.0.1:8000/admin/")
        parser.add_argument(
            "--demo-accounts",
            action="store_true",
            help="also create an editor (录入, 审核) and a publisher (发布, 审核)",
        )

    def handle(self, *, username, admin_url, demo_accounts, **options):
        groups = ensure_roles()
        accounts = {username: (MANAGING,)}
        if demo_accounts:
            accounts |= DEMO_ACCOUNTS
        for name, roles in accounts.items():
            self.ensure_account(name, [groups[role] for role in roles], admin_url)

    def ensure_account(self, username, groups, admin_url):
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            self.stdout.write(
                f"Staff account '{username}' already exists. "
                f"Forgot the password? .venv/bin/python manage.py changepassword {username}"
            )
            return
        password = get_random_string(16)
        user = user_model.objects.create_user(username, password=password, is_staff=True)
        user.groups.set(groups)
        roles = "、".join(group.name for group in groups)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created staff account for {admin_url} ({roles})\n"
                f"  user name: {username}\n  password:  {password}\n"
                "This password is shown only once."
            )
        )
