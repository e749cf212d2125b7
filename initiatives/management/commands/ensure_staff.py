from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string


class Command(BaseCommand):
    help = "Make sure a local staff account exists; print its password when it is created."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="staff")
        parser.add_argument("--admin-url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *, username, admin_url, **options):
        editors = self.editors_group()
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            self.stdout.write(
                f"Staff account '{username}' already exists. "
                f"Forgot the password? python manage.py changepassword {username}"
            )
            return
        password = get_random_string(16)
        user = user_model.objects.create_user(username, password=password, is_staff=True)
        user.groups.add(editors)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created staff account for {admin_url}\n"
                f"  user name: {username}\n  password:  {password}\n"
                "This password is shown only once."
            )
        )

    def editors_group(self):
        """Return the editors group, with every permission on the app's models."""
        group, _ = Group.objects.get_or_create(name="编辑")
        group.permissions.set(Permission.objects.filter(content_type__app_label="initiatives"))
        return group
